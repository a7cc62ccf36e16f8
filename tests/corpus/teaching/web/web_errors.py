# What each library raises when the page is missing or the host does not exist.
import asyncio
import urllib.request
import urllib.error

import aiohttp
import requests

try:
    urllib.request.urlopen("https://example.com/missing/page")
except urllib.error.HTTPError as e:
    print("urllib:", e, e.code, e.reason)
try:
    urllib.request.urlopen("https://nowhere.invalid/")
except urllib.error.URLError as e:
    print("urllib:", e)
with urllib.request.urlopen("https://example.com/api/item.json") as r:
    print("urllib:", r.status, r.headers["Content-Type"], len(r.read()) > 0)

r = requests.get("https://example.com/missing/page")
print("requests:", r, r.status_code, r.ok)
try:
    r.raise_for_status()
except requests.HTTPError as e:
    print("requests:", e)
try:
    requests.get("https://nowhere.invalid/")
except requests.ConnectionError as e:
    print("requests: ConnectionError", isinstance(e, OSError))
with requests.Session() as s:
    data = s.get("https://example.com/api/item.json").json()
    print("requests:", sorted(data))


async def main():
    async with aiohttp.ClientSession() as session:
        async with session.get("https://example.com/missing/page") as r:
            print("aiohttp:", r.status, r.reason)
        try:
            await session.get("https://nowhere.invalid/")
        except aiohttp.ClientConnectorError as e:
            print("aiohttp:", e)
        async with session.get("https://example.com/api/item.json") as r:
            print("aiohttp:", sorted(await r.json()))


asyncio.run(main())
