/**
 * End-to-end benchmarks of the embedded engine, each a ratio against a peer measured in the same
 * run: {@link dev.sheaf.benchmarks.InsertBenchmark} (batched appends), {@link
 * dev.sheaf.benchmarks.ScanBenchmark} (full scan into Arrow, against pyarrow.dataset) and {@link
 * dev.sheaf.benchmarks.FilterAggregateBenchmark} (selective filter plus aggregate, against DuckDB).
 * {@link dev.sheaf.benchmarks.BenchmarkRunner} runs them and prints JSON lines; {@code
 * benchmarks/run.sh} runs the peers on the same Parquet files and writes {@code
 * benchmarks/RESULTS.md}.
 */
package dev.sheaf.benchmarks;
