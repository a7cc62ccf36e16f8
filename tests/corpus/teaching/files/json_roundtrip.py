# json.dump to a file and json.load it back.
import json

config = {'name': 'downloader', 'threads': 4, 'urls': ['a', 'b', 'c'], 'retry': None,
          'ratio': 0.75, 'nested': {'ok': True}}
with open('config.json', 'w') as f:
    json.dump(config, f, indent=2)
with open('config.json') as f:
    print(f.read())
with open('config.json') as f:
    loaded = json.load(f)
print(loaded == config, loaded['urls'], loaded['nested'])
try:
    with open('sales.csv') as f:
        json.load(f)
except json.JSONDecodeError as e:
    print('not json:', type(e).__name__)
