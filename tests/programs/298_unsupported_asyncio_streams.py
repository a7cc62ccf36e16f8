# gilscope-test: gilscope-only
# asyncio's servers and streams open sockets, which gilscope never simulates: the run
# stops with FILE:LINE:COL: unsupported and status 2 (CPython would serve on the port).
import asyncio


async def handle(reader, writer):
    writer.close()


async def main():
    print("starting")
    server = await asyncio.start_server(handle, "127.0.0.1", 8888)
    await server.serve_forever()


asyncio.run(main())
