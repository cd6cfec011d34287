"""The database file as a whole, for front ends: where it is, its schema, integrity and backups."""
