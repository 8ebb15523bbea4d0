"""What the README's two commands rest on: the JDK the launcher needs, and strict test runs."""

import os
import shutil
import subprocess
import sys

from conftest import ROOT

UNSAFE_FLAG = "--sun-misc-unsafe-memory-access=allow"


def fake_jdk(home, version):
    """A `java` that answers -version as JDK `version` and prints the @argfile it is given."""
    (home / "bin").mkdir(parents=True)
    java = home / "bin" / "java"
    java.write_text(f"""#!/usr/bin/env bash
if [[ "$1" == "-version" ]]; then echo 'openjdk version "{version}" 2026-01-20' >&2; exit 0; fi
for arg in "$@"; do if [[ "$arg" == @* ]]; then cat "${{arg#@}}"; fi; done
""")
    java.chmod(0o755)
    return home


def test_the_launcher_names_the_jdk_it_needs(tmp_path):
    # built now with the real JDK, so the launcher below does not build with a fake one
    built = subprocess.run([str(ROOT / "sheaf"), "version"], capture_output=True, text=True,
                           cwd=ROOT, timeout=900)
    assert built.returncode == 0, built.stderr
    for version, runs in (("17.0.15", False), ("21.0.5", False), ("23.0.1", True),
                          ("25.0.1", True)):
        home = fake_jdk(tmp_path / version, version)
        run = subprocess.run([str(ROOT / "sheaf"), "version"], capture_output=True, text=True,
                             env={**os.environ, "JAVA_HOME": str(home)}, cwd=ROOT, timeout=120)
        if runs:
            assert run.returncode == 0, run.stderr
            assert UNSAFE_FLAG in run.stdout
        else:
            assert run.returncode == 1
            assert "needs JDK 23 or later (25 preferred)" in run.stderr
            assert f"is JDK {version.split('.')[0]}" in run.stderr


def strict_run(tmp_path, strict):
    probe = tmp_path / "test_probe.py"
    probe.write_text('import pytest\n'
                     'pytest.importorskip("sheaf_surely_missing_module")\n'
                     'def test_never():\n    pass\n')
    shutil.copy(ROOT / "tests" / "python" / "conftest.py", tmp_path / "conftest.py")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["SHEAF_TEST_STRICT"] = "1" if strict else "0"
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           str(probe)], capture_output=True, text=True, env=env, cwd=tmp_path,
                          timeout=120)


def test_a_missing_test_dependency_fails_a_strict_run_and_skips_otherwise(tmp_path):
    strict = strict_run(tmp_path, strict=True)
    assert strict.returncode != 0
    assert "sheaf_surely_missing_module" in strict.stdout and "SHEAF_TEST_STRICT" in strict.stdout
    lax = strict_run(tmp_path, strict=False)
    # pytest exits 5 when the only module was skipped whole
    assert lax.returncode in (0, 5) and "1 skipped" in lax.stdout, lax.stdout
