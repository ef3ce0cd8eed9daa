"""Pure helpers shared by every plugin: errors, YAML with line numbers,
front matter, slugs, dates and image references. Nothing here imports Pelican,
so all of it is unit-tested without building a site."""
