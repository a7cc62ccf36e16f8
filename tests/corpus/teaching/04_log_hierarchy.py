"""Loggers form a tree by dotted names; records propagate to the root's handler."""
import logging

logging.basicConfig(level=logging.WARNING, format="%(name)s [%(levelname)s] %(message)s")

app = logging.getLogger("app")
db = logging.getLogger("app.db")
web = logging.getLogger("app.web")

db.setLevel(logging.DEBUG)
print(db.parent.name, web.parent.name, app.parent.name)
print(db.getEffectiveLevel(), web.getEffectiveLevel())
print(logging.getLogger("app.db") is db)

db.debug("connection pool ready")
web.info("hidden: inherits WARNING from root")
web.warning("slow request: %d ms", 870)
app.error("something broke in %s", "app")

web.propagate = False
web.error("this record stops at app.web, which has no handler")
print("done")
