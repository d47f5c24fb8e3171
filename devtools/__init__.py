"""Helpers the benchmarks and the tests share: processes they start and measure, and the app's HTTP API."""
