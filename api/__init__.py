"""The edges: the HTTP API, the web page and the `pmr` command line."""
