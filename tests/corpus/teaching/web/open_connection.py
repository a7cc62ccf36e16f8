# asyncio's streams: an HTTP/1.0 request written by hand, three hosts at once.
import asyncio


async def head(host, path):
    reader, writer = await asyncio.open_connection(host, 80)
    writer.write(f"GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n".encode())
    await writer.drain()
    status = (await reader.readline()).decode().strip()
    headers = {}
    while (line := await reader.readline()) != b"\r\n":
        name, _, value = line.decode().partition(":")
        headers[name] = value.strip()
    body = await reader.read()
    writer.close()
    await writer.wait_closed()
    return f"{host}{path}: {status} {headers['Content-Type']} {len(body) == int(headers['Content-Length'])}"


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    pages = await asyncio.gather(
        head("example.org", "/"),
        head("books.toscrape.com", "/catalogue/page-1.html"),
        head("example.org", "/missing/page"),
    )
    print("\n".join(pages))
    print("three at once, not one after another:", loop.time() - start < 0.1)
    reader, writer = await asyncio.open_connection("api.example.org", 80)
    writer.write(b"GET /api/items.json HTTP/1.0\r\n\r\n")
    await reader.readuntil(b"\r\n\r\n")
    print((await reader.readexactly(8)).decode())
    try:
        await reader.readexactly(10**6)
    except EOFError as e:
        print(type(e).__name__, e.expected, len(e.partial) > 0)
    try:
        await asyncio.open_connection("nowhere.invalid", 80)
    except OSError as e:
        print(type(e).__name__, e)


asyncio.run(main())
