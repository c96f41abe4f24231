"""The catalogue coming in and going out, apart from the web and the search.

`source` parses the vendor's page, `plan` decides what a re-import does
(diffs, rewordings, conflicts) without touching the database, `importer`
applies it (or loads our own JSON export), `export` writes that JSON,
`backup` copies the whole database, `synthetic` adds bulk entries for
benchmarks, and `links` says where entries point outside themselves.
"""
