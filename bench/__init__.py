"""Benchmark scripts and the settings and URLs they run the site with."""
