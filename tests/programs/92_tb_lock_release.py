import threading
lock = threading.Lock()
lock.release()
