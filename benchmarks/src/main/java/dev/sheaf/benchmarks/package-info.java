package dev.sheaf.benchmarks;
