"""Site tooling behind tasks.py: safe builds, checks, scaffolding, preview."""
