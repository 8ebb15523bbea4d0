"""Deterministic test data for the SQL oracle: three tables, loaded with the same INSERT statements
into Sheaf and into DuckDB."""

from __future__ import annotations

import datetime as dt
import json
import random

SEED = 20240607
BATCH = 300

# Column definitions: (name, sheaf type, duckdb type). Only JSON differs (DuckDB keeps it as VARCHAR).
SCHEMAS = {
    "customers": [
        ("customer_id", "INTEGER PRIMARY KEY", "INTEGER PRIMARY KEY"),
        ("name", "VARCHAR", "VARCHAR"),
        ("city", "VARCHAR", "VARCHAR"),
        ("segment", "VARCHAR", "VARCHAR"),
        ("signup_date", "DATE", "DATE"),
        ("credit_limit", "DECIMAL(10,2)", "DECIMAL(10,2)"),
        ("is_active", "BOOLEAN", "BOOLEAN"),
        ("score", "DOUBLE", "DOUBLE"),
        ("profile", "JSON", "VARCHAR"),
    ],
    "products": [
        ("product_id", "INTEGER PRIMARY KEY", "INTEGER PRIMARY KEY"),
        ("product_name", "VARCHAR", "VARCHAR"),
        ("category", "VARCHAR", "VARCHAR"),
        ("price", "DECIMAL(10,2)", "DECIMAL(10,2)"),
        ("weight_kg", "DOUBLE", "DOUBLE"),
        ("in_stock", "BOOLEAN", "BOOLEAN"),
        ("created_at", "TIMESTAMP", "TIMESTAMP"),
        ("attrs", "JSON", "VARCHAR"),
    ],
    "orders": [
        ("order_id", "BIGINT PRIMARY KEY", "BIGINT PRIMARY KEY"),
        ("customer_id", "INTEGER", "INTEGER"),
        ("product_id", "INTEGER", "INTEGER"),
        ("quantity", "INTEGER", "INTEGER"),
        ("unit_price", "DECIMAL(10,2)", "DECIMAL(10,2)"),
        ("discount", "DOUBLE", "DOUBLE"),
        ("amount_cents", "BIGINT", "BIGINT"),
        ("order_date", "DATE", "DATE"),
        ("order_ts", "TIMESTAMP", "TIMESTAMP"),
        ("status", "VARCHAR", "VARCHAR"),
        ("is_gift", "BOOLEAN", "BOOLEAN"),
        ("note", "VARCHAR", "VARCHAR"),
        ("meta", "JSON", "VARCHAR"),
    ],
    # column names people type unquoted that are SQL keywords (day, year, value, user, ...)
    "readings": [
        ("reading_id", "INTEGER PRIMARY KEY", "INTEGER PRIMARY KEY"),
        ("day", "DATE", "DATE"),
        ("month", "INTEGER", "INTEGER"),
        ("year", "INTEGER", "INTEGER"),
        ("value", "DOUBLE", "DOUBLE"),
        ("user", "VARCHAR", "VARCHAR"),
        ("position", "INTEGER", "INTEGER"),
        ("timestamp", "TIMESTAMP", "TIMESTAMP"),
        ("date", "DATE", "DATE"),
    ],
    "captions": [
        ("caption_id", "INTEGER PRIMARY KEY", "INTEGER PRIMARY KEY"),
        ("lang", "VARCHAR", "VARCHAR"),
        ("caption", "VARCHAR", "VARCHAR"),
        ("product_id", "INTEGER", "INTEGER"),
    ],
}

# Multilingual captions: Latin with accents, CJK, Arabic (right to left), Cyrillic, Greek, emoji
# (outside the Basic Multilingual Plane), combining marks, and a fullwidth form.
CAPTIONS = [
    ("en", "a cat asleep on the sofa"),
    ("fr", "un chat endormi sur le canapé"),
    ("de", "Straße über Äpfeln"),
    ("ja", "ソファで寝ている猫"),
    ("ja", "猫が寝ている"),
    ("zh", "沙发上睡觉的猫"),
    ("ko", "소파에서 자는 고양이"),
    ("ar", "قطة نائمة على الأريكة"),
    ("ru", "кошка спит на диване"),
    ("el", "γάτα κοιμάται"),
    ("emoji", "cat 😺 on sofa 🛋️"),
    ("emoji", "😀😃😄"),
    ("mixed", "naïve café – 猫 😀"),
    ("combining", "e\u0301te\u0301"),
    ("fullwidth", "ＦＵＬＬ ｗｉｄｔｈ"),
]
FIRST = ["alice", "Bob", "CAROL", "dave", "Eve", "frank", "Grace", "heidi", "Ivan", "judy", "Mallory", "oscar"]
LAST = ["Smith", "jones", "O'Brien", "LEE", "García", "van Dyke", "Ng", "miller"]
CITIES = ["Berlin", "berlin", "New York", "Paris", " Lisbon", "Tokyo ", "São Paulo", "Oslo"]
SEGMENTS = ["consumer", "corporate", "home office", "SMB"]
CATEGORIES = ["Books", "electronics", "Home & Garden", "toys", "Sports", "GROCERY"]
STATUSES = ["shipped", "pending", "cancelled", "returned", "delivered"]
NOTES = ["  leave at door", "Gift wrap", "call first  ", "fragile", "", "URGENT", "100% cotton", "a_b"]


def _maybe(rng: random.Random, p_null: float, value):
    return None if rng.random() < p_null else value


def generate() -> dict[str, list[tuple]]:
    rng = random.Random(SEED)
    customers = []
    for cid in range(1, 301):
        name = _maybe(rng, 0.05, f"{rng.choice(FIRST)} {rng.choice(LAST)}")
        city = _maybe(rng, 0.1, rng.choice(CITIES))
        segment = _maybe(rng, 0.05, rng.choice(SEGMENTS))
        signup = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(0, 1800))
        credit = _maybe(rng, 0.05, rng.randrange(0, 5_000_000) / 100)
        active = _maybe(rng, 0.05, rng.random() < 0.7)
        score = _maybe(rng, 0.08, round(rng.uniform(-50, 150), 4))
        profile = json.dumps({"tier": rng.choice(["gold", "silver", "bronze"]), "age": rng.randrange(18, 90),
                              "tags": rng.sample(["a", "b", "c", "d"], 2),
                              "address": {"zip": f"{rng.randrange(10000, 99999)}"}})
        customers.append((cid, name, city, segment, signup, credit, active, score,
                          _maybe(rng, 0.05, profile)))
    products = []
    for pid in range(1, 101):
        pname = f"{rng.choice(['Widget', 'gadget', 'Gizmo', 'DOOHICKEY', 'thing'])} {pid:03d}"
        category = _maybe(rng, 0.08, rng.choice(CATEGORIES))
        price = rng.randrange(99, 99999) / 100
        weight = _maybe(rng, 0.1, round(rng.uniform(0.05, 40.0), 3))
        in_stock = rng.random() < 0.8
        created = dt.datetime(2020, 1, 1) + dt.timedelta(seconds=rng.randrange(0, 3 * 365 * 86400),
                                                         microseconds=rng.randrange(0, 1_000_000))
        attrs = json.dumps({"color": rng.choice(["red", "green", "blue", "Black"]), "size": rng.randrange(1, 10),
                            "rating": round(rng.uniform(1, 5), 1)})
        products.append((pid, pname, category, price, weight, in_stock, created, attrs))
    orders = []
    for oid in range(1, 3001):
        cid = _maybe(rng, 0.02, rng.randrange(1, 321))  # 301..320 do not exist (outer joins)
        pid = rng.randrange(1, 106)  # 101..105 do not exist
        qty = rng.randrange(1, 20)
        unit = rng.randrange(99, 99999) / 100
        discount = _maybe(rng, 0.15, rng.choice([0.0, 0.05, 0.1, 0.15, 0.25, 0.5]))
        cents = rng.randrange(-50_000, 10_000_000_000)
        odate = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(0, 1000))
        ots = dt.datetime(odate.year, odate.month, odate.day) + dt.timedelta(
            seconds=rng.randrange(0, 86400), microseconds=rng.randrange(0, 1_000_000))
        status = rng.choice(STATUSES)
        gift = _maybe(rng, 0.1, rng.random() < 0.2)
        note = _maybe(rng, 0.6, rng.choice(NOTES))
        meta = json.dumps({"channel": rng.choice(["web", "store", "phone"]), "priority": rng.randrange(1, 6),
                           "coupon": rng.choice([None, "SAVE10", "FREESHIP"])})
        orders.append((oid, cid, pid, qty, unit, discount, cents, odate, ots, status, gift, note,
                       _maybe(rng, 0.03, meta)))
    text_rng = random.Random(SEED + 1)  # its own stream: the other tables' rows stay as they were
    captions = []
    for caption_id in range(1, 121):
        lang, caption = CAPTIONS[caption_id % len(CAPTIONS)]
        captions.append((caption_id, lang, _maybe(text_rng, 0.05, caption), text_rng.randrange(1, 101)))
    reading_rng = random.Random(SEED + 2)  # its own stream, as the captions'
    readings = []
    for reading_id in range(1, 201):
        day = dt.date(2023, 1, 1) + dt.timedelta(days=reading_rng.randrange(0, 730))
        # halves (0.5, 1.5, -2.5) so that casts to integers show how they round
        value = _maybe(reading_rng, 0.05, reading_rng.randrange(-400, 400) / 2)
        stamp = dt.datetime(day.year, day.month, day.day) + dt.timedelta(
            seconds=reading_rng.randrange(0, 86400), microseconds=reading_rng.randrange(0, 1_000_000))
        readings.append((reading_id, day, day.month, day.year, value,
                         _maybe(reading_rng, 0.05, reading_rng.choice(["ann", "bob", "cy", "dee"])),
                         reading_rng.randrange(1, 11), stamp,
                         _maybe(reading_rng, 0.1, day + dt.timedelta(days=reading_rng.randrange(0, 30)))))
    return {"customers": customers, "products": products, "orders": orders, "captions": captions,
            "readings": readings}


def literal(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.datetime):
        return f"TIMESTAMP '{value.isoformat(sep=' ', timespec='microseconds')}'"
    if isinstance(value, dt.date):
        return f"DATE '{value.isoformat()}'"
    return "'" + str(value).replace("'", "''") + "'"


def create_statement(table: str, engine: str) -> str:
    col = 1 if engine == "sheaf" else 2
    cols = ", ".join(f"{c[0]} {c[col]}" for c in SCHEMAS[table])
    return f"CREATE TABLE {table} ({cols})"


def insert_statements(table: str, rows: list[tuple]) -> list[str]:
    out = []
    for start in range(0, len(rows), BATCH):
        values = ", ".join("(" + ", ".join(literal(v) for v in row) + ")" for row in rows[start:start + BATCH])
        out.append(f"INSERT INTO {table} VALUES {values}")
    return out


def load(execute, engine: str) -> None:
    """Create and fill all tables through `execute(sql)`; engine is 'sheaf' or 'duckdb'."""
    for table, rows in generate().items():
        execute(create_statement(table, engine))
        for stmt in insert_statements(table, rows):
            execute(stmt)
