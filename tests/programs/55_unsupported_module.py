# gilscope-test: gilscope-only
import threading
import socket
print("never")
