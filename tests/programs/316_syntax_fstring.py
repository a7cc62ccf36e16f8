# A brace missing in an f-string: CPython 3.11 reports it at the token after the string.
import threading

for i in range(3):
    print(f"worker i} done")
