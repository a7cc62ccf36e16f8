"""textwrap formatting a thread's report: wrap, fill, shorten, dedent, indent."""
import textwrap
import threading

TEXT = ("The global interpreter lock lets one thread run Python bytecode at a time; "
        "a thread that waits for I/O releases it, so I/O-bound programs still overlap "
        "their waiting while CPU-bound ones take turns.")


def report():
    print(textwrap.fill(TEXT, width=40))
    print(textwrap.wrap(TEXT, 30)[:3])
    print(textwrap.fill(TEXT, 50, initial_indent="* ", subsequent_indent="  "))
    print(textwrap.shorten(TEXT, width=60))
    print(textwrap.shorten("Hello  world!", width=12))


t = threading.Thread(target=report)
t.start()
t.join()
code = """
    def work():
        for i in range(3):
            print(i)
"""
print(textwrap.dedent(code))
print(textwrap.indent("first\nsecond\n\nthird", "| "))
print(textwrap.wrap("supercalifragilisticexpialidocious word", 10))
