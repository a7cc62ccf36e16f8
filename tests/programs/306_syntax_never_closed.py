# A call whose parenthesis is never closed: the error names the bracket, not the next line.
import threading

t = threading.Thread(target=print, args=("hi",)
t.start()
t.join()
