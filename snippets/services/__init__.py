"""Services do the work behind the views: SQL, repositories and search together."""
