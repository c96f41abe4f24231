"""The search behind `q`: from a pasted text to ranked catalogue entries.

The path of one paste, each step in its own module:

- ``results.find_entries(queryset, q)`` is what pages, API and commands call;
- ``query.Query.parse`` prepares the text once: ``glossary`` reads the
  Chinese words of a short typed text as English (the words and their
  English in ``chinese_terms`` and ``chinese_media_terms``), ``paste`` unwraps it (with
  ``bodies`` for JSON and ``key: value`` fields, ``prefixes`` for what comes
  before a message on a line, ``log_levels`` for the lines below an error's
  level, ``findings`` collecting messages, statuses and codes within a work
  budget), ``norms`` chooses the candidates matched and weighs each,
  ``text`` normalises and tokenises,
  ``statuses`` and ``client_failures`` read what a status or a failure on
  the client's side (the network, no API key) says;
- ``snapshot`` holds what this process knows of the catalogue as a whole,
  for the version the search read first: the indexed words, each entry's
  facet fields and products, the entries it derived lately;
- ``candidates`` asks the full-text index (FTS5 or PostgreSQL) for entries
  holding the words, ``typos`` corrects a misspelt keyword against the
  indexed words;
- ``ranking`` orders the candidates: ``entries`` derives what it knows of
  each entry (kept by the snapshot, bounded), ``templates`` finds documented
  messages in the paste (split into wordings by ``wordings``, compiled by
  ``alternatives``), ``alignment`` lines
  messages up word by word, ``bonuses`` holds the small bonuses and
  tie-breakers, ``confidence`` decides whether the first is a good match
  (``foreign`` telling a run that ended on another cloud's error);
- ``results`` pairs the ranked ids and their details with the queryset.

Imports point one way: web -> search -> models.
"""
