"""SQLite's full-text index of articles: an FTS5 table kept in step by triggers.

``articles_article_fts`` is an external-content FTS5 index of ``articles_article``
(rowid = id): it stores the index, not a second copy of the text. Triggers, not
``Article.save``, keep it in step, so bulk_create, update(), deletes and raw writes
stay searchable, as the PostgreSQL trigger of migration 0003 does for
``search_vector``. The tokenizer folds case and accents and stems English (porter),
like PostgreSQL's 'english' configuration.

SQLite rebuilds a table to alter it (``ALTER TABLE`` is limited), and dropping the old
table drops its triggers; so ``ensure()`` runs after every ``migrate`` too (see
``ArticlesConfig``) and puts back whatever is missing, re-indexing if it had to.
"""

TABLE = "articles_article_fts"
_COLUMNS = "title, standfirst, body"

_CREATE_TABLE = f"""
CREATE VIRTUAL TABLE {TABLE} USING fts5(
  {_COLUMNS},
  content='articles_article', content_rowid='id',
  tokenize='porter unicode61 remove_diacritics 2'
)"""
# An external-content index forgets a row only when told the text it indexed.
_FORGET = f"""
  INSERT INTO {TABLE}({TABLE}, rowid, {_COLUMNS})
  VALUES ('delete', old.id, old.title, old.standfirst, old.body);"""
_LEARN = f"""
  INSERT INTO {TABLE}(rowid, {_COLUMNS})
  VALUES (new.id, new.title, new.standfirst, new.body);"""
TRIGGERS = {
    f"{TABLE}_insert": f"AFTER INSERT ON articles_article BEGIN{_LEARN}\nEND",
    f"{TABLE}_delete": f"AFTER DELETE ON articles_article BEGIN{_FORGET}\nEND",
    f"{TABLE}_update": "AFTER UPDATE OF id, title, standfirst, body "
    f"ON articles_article BEGIN{_FORGET}{_LEARN}\nEND",
}


def _existing(cursor) -> set[str]:
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE name = %s OR "
        "(type = 'trigger' AND tbl_name = 'articles_article')",
        [TABLE],
    )
    return {name for (name,) in cursor.fetchall()}


def ensure(connection) -> bool:
    """Create the index and its triggers where missing (SQLite only); True if it
    had to, in which case every article is indexed again."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        existing = _existing(cursor)
        missing = [name for name in (TABLE, *TRIGGERS) if name not in existing]
        if not missing:
            return False
        if TABLE not in existing:
            cursor.execute(_CREATE_TABLE)
        for name, body in TRIGGERS.items():
            if name not in existing:
                cursor.execute(f"CREATE TRIGGER {name} {body}")
        cursor.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')")
    return True


def drop(connection) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
