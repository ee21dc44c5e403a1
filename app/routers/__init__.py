"""HTTP routers, one per resource; thin: parse, call one service, shape the answer."""
