# gilscope-test: gilscope-only
import threading
import asyncio
print("never")
