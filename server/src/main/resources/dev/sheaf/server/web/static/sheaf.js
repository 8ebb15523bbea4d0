// Sheaf's web pages: the one script. It never builds HTML from data: values go in as text.
"use strict";

function pollJobs() {
  const table = document.getElementById("jobs");
  if (!table) {
    return;
  }
  const tick = async () => {
    try {
      const response = await fetch("/api/jobs", { credentials: "same-origin" });
      if (response.ok) {
        update(table, await response.json());
      }
    } catch (e) {
      // the server went away: try again on the next tick
    }
    setTimeout(tick, 1000);
  };
  setTimeout(tick, 1000);
}

function update(table, jobs) {
  const body = table.tBodies[0];
  for (const job of jobs) {
    let row = body.querySelector('tr[data-job="' + CSS.escape(job.job_id) + '"]');
    if (!row) {
      row = body.insertRow(0);
      row.dataset.job = job.job_id;
      for (let i = 0; i < 10; i++) {
        row.insertCell();
      }
      row.cells[0].textContent = job.job_id;
      row.cells[1].textContent = job.kind;
      row.cells[2].textContent = job.table_schema + "." + job.table_name;
      row.cells[3].textContent = job.column_name;
      row.cells[4].className = "state";
      const bar = document.createElement("progress");
      bar.className = "done";
      const rows = document.createElement("span");
      rows.className = "rows";
      row.cells[5].append(bar, " ", rows);
      row.cells[6].className = "errors";
      row.cells[7].className = "rate";
      row.cells[8].className = "left";
      row.cells[9].className = "message";
      const none = document.getElementById("no-jobs");
      if (none) {
        none.remove();
      }
    }
    row.querySelector(".state").textContent = job.state;
    const bar = row.querySelector("progress");
    bar.max = Number(job.rows_total || 1);
    bar.value = Number(job.rows_done || 0);
    row.querySelector(".rows").textContent = (job.rows_done || "") + " / " + (job.rows_total || "");
    row.querySelector(".errors").textContent = job.errors || "";
    row.querySelector(".rate").textContent = rounded(job.rows_per_second);
    row.querySelector(".left").textContent = rounded(job.seconds_left);
    row.querySelector(".message").textContent = job.message || "";
  }
}

function rounded(value) {
  const number = Number(value);
  return value === null || value === undefined || value === "" || Number.isNaN(number)
    ? ""
    : String(Math.round(number * 10) / 10);
}

document.addEventListener("DOMContentLoaded", pollJobs);
