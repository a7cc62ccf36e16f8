"""contextvars: a request id per asyncio task, carried into to_thread and callbacks; threads start empty."""
import asyncio, contextvars, threading

request_id = contextvars.ContextVar("request_id", default="-")
user = contextvars.ContextVar("user")

def log(msg):
    print(f"[{request_id.get()}] {msg}")

async def handle(rid, delay):
    request_id.set(rid)
    log("start")
    await asyncio.sleep(delay)
    log("middle")
    await asyncio.to_thread(log, "in a thread")
    log("done")
    return rid

async def main():
    log("main before")
    results = await asyncio.gather(handle("A", 0.02), handle("B", 0.01))
    log(f"main after {results}")
    t = asyncio.get_running_loop().call_soon(log, "callback")
    await asyncio.sleep(0)

asyncio.run(main())
print(request_id.get(), user.get("nobody"))
try:
    user.get()
except LookupError as e:
    print("LookupError", type(e).__name__)
tok = user.set("ana")
print(user.get(), tok.old_value is contextvars.Token.MISSING)
user.reset(tok)
print(user.get("gone"))
ctx = contextvars.copy_context()
def inside():
    user.set("bob")
    return user.get()
print(ctx.run(inside), user.get("outside unchanged"), ctx[user], user in ctx, len(ctx) >= 1)
def worker():
    print("thread sees", request_id.get(), user.get("none"))
user.set("main-user")
t = threading.Thread(target=worker); t.start(); t.join()
print(repr(request_id).startswith("<ContextVar name='request_id' default='-'"), "at 0x" in repr(request_id))
