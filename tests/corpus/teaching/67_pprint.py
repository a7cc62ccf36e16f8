"""pprint breaks long structures over lines; pformat gives the same text back."""
from pprint import pformat, pprint

config = {
    "servers": [{"host": f"node{i}.example.com", "port": 8000 + i, "tags": ["web", "eu"]} for i in range(3)],
    "retries": 3,
    "timeouts": {"connect": 1.5, "read": 30},
}
pprint(config)
pprint(config, width=40, depth=2)
pprint(list(range(30)), compact=True)
print(pformat({"b": 1, "a": 2}))
pprint({"z": 1, "a": [1, 2]}, sort_dicts=False)
pprint(("short", "tuple"))
