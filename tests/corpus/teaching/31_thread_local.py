"""threading.local gives each thread its own attributes."""
import threading
import time

ctx = threading.local()


def handle(request_id, user):
    ctx.user = user
    ctx.request = request_id
    time.sleep(0.05 * request_id)
    show()


def show():
    print(f"request {ctx.request} served for {ctx.user} in {threading.current_thread().name}")


ctx.user = "main-user"
threads = [threading.Thread(target=handle, args=(i, u), name=f"T{i}")
           for i, u in enumerate(["ana", "rui", "eva"], start=1)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("main still sees", ctx.user, hasattr(ctx, "request"))
