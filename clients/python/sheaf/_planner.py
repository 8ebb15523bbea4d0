"""Plans a query's partitions, in this process or in a child process.

A process that has made a Flight client cannot safely fork DataLoader workers (gRPC is not
fork-safe), so a dataset made in a process that has not connected yet plans in a child process:
on Linux, while the process has one thread, a child forked from it (pyarrow already imported: no
interpreter to start); elsewhere ``python -m sheaf._planner`` (options and credentials go over
stdin, never the command line). While the child plans, this process imports what its DataLoader
workers would otherwise each import before their first batch (``preload_for_workers``).
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import threading
from dataclasses import asdict
from typing import Any

from ._deps import preload_for_workers
from ._reader_process import child_env
from .client import ConnectionOptions, grpc_used
from .errors import ERROR_CLASSES, InvalidArgument, SheafError


def plan(options: ConnectionOptions, query: str, partitions: int) -> dict[str, Any]:
    """Tickets, row counts, version and schema of ``query`` in ``partitions`` partitions."""
    with options.connect() as client:
        planned = client.partitions(query, partitions, count_rows=True)
    if planned.rows is None:
        raise InvalidArgument(
            "INVALID_ARGUMENT: Cannot stream the query as a training dataset: the server gave no"
            " row counts for its partitions (ask for more than one partition, or read it with"
            " client.sql() instead)"
        )
    return {
        "tickets": list(planned.tickets),
        "rows": list(planned.rows),
        "version": planned.version,
        "table": planned.table,
        "schema": planned.schema.serialize().to_pybytes(),
    }


def plan_keeping_fork_safe(options: ConnectionOptions, query: str, partitions: int):
    """``plan``, in a child process when this one has not connected yet (so it can still fork)."""
    if grpc_used():
        return plan(options, query, partitions)
    request = asdict(options)
    if request["tls_root_certs"] is not None:
        request["tls_root_certs"] = request["tls_root_certs"].decode()
    request.update(query=query, partitions=partitions)
    if _can_fork():
        output, errors = _answer_in_forked_child(request)
    else:
        child = subprocess.Popen([sys.executable, "-m", "sheaf._planner"], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 env=child_env())
        assert child.stdin is not None
        child.stdin.write(json.dumps(request))
        child.stdin.close()
        preload_for_workers()
        output, errors = child.communicate()
    try:
        answer = json.loads(output)
    except json.JSONDecodeError:
        raise SheafError(f"INTERNAL_ERROR: Cannot plan the query: the planner process failed"
                         f" ({errors.strip()[-500:]})", code="INTERNAL_ERROR") from None
    if "error" in answer:
        cls = ERROR_CLASSES.get(answer["code"], SheafError)
        raise cls(answer["error"]) if cls is not SheafError else SheafError(
            answer["error"], code=answer["code"])
    answer["tickets"] = [base64.b64decode(t) for t in answer["tickets"]]
    answer["schema"] = base64.b64decode(answer["schema"])
    return answer


def _can_fork() -> bool:
    # a process with other threads may hold locks that a forked child would find taken
    return sys.platform.startswith("linux") and threading.active_count() == 1


def _answer_in_forked_child(request: dict[str, Any]) -> tuple[str, str]:
    """The planner's answer (JSON) and error output, from a child forked from this process."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: plan, write the answer, and leave without running exit handlers
        status = 1
        try:
            os.close(read_end)
            with os.fdopen(write_end, "w") as out:
                out.write(_answer(request))
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    preload_for_workers()
    with os.fdopen(read_end) as source:
        output = source.read()
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    return output, "" if code == 0 else f"the forked planner exited with status {code}"


def _answer(request: dict[str, Any]) -> str:
    certs = request["tls_root_certs"]
    options = ConnectionOptions(request["uri"], request["username"], request["password"],
                                certs.encode() if certs is not None else None)
    try:
        result = plan(options, request["query"], request["partitions"])
    except SheafError as error:
        return json.dumps({"error": str(error), "code": error.code})
    except Exception as error:  # noqa: BLE001 - every failure goes back to the parent
        return json.dumps({"error": f"INTERNAL_ERROR: Cannot plan the query:"
                                    f" {type(error).__name__}: {error}",
                           "code": "INTERNAL_ERROR"})
    result["tickets"] = [base64.b64encode(t).decode() for t in result["tickets"]]
    result["schema"] = base64.b64encode(result["schema"]).decode()
    return json.dumps(result)


def _main() -> None:
    sys.stdout.write(_answer(json.loads(sys.stdin.read())))


if __name__ == "__main__":
    _main()
