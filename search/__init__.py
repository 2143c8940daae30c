"""Product search (Elasticsearch with a database fallback). Filled by the search issue."""
