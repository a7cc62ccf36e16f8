"""Thread identities: ident, native_id, get_ident() and the main thread (numbers vary)."""
import threading


def show():
    me = threading.current_thread()
    print(me.name, me.ident == threading.get_ident(), me.native_id == threading.get_native_id())
    print("ident", me.ident, "native", me.native_id)


t = threading.Thread(target=show, name="worker")
print("before start:", t.ident, t.native_id, t.is_alive())
t.start()
t.join()
main = threading.main_thread()
print(main.name, main is threading.current_thread(), main.ident != t.ident)
print(repr(t).startswith("<Thread(worker, stopped "), repr(main).startswith("<_MainThread(MainThread, started "))
