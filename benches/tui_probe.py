#!/usr/bin/env python3
"""Measures the TUI from outside, in a pseudo-terminal: time from launch to the first
frame (median of N launches), and CPU time used while paused.

Usage: python3 benches/tui_probe.py [path/to/gilscope] [launches]
(build first: cargo build --release). Figures go to docs/PERFORMANCE.md.
"""
import os, pty, select, statistics, struct, sys, termios, fcntl, time

exe = sys.argv[1] if len(sys.argv) > 1 else "target/release/gilscope"
launches = int(sys.argv[2]) if len(sys.argv) > 2 else 20


def spawn(cols=120, rows=40):
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.execv(exe, [exe])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    return pid, fd


def read_until(fd, needle, deadline=10.0):
    buf = b""
    end = time.monotonic() + deadline
    while needle not in buf:
        r, _, _ = select.select([fd], [], [], max(0.0, end - time.monotonic()))
        if not r:
            raise SystemExit(f"no {needle!r} within {deadline} s")
        buf += os.read(fd, 65536)
    return buf


def quit(pid, fd):
    os.write(fd, b"q")
    os.waitpid(pid, 0)
    os.close(fd)


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


times = []
for _ in range(launches):
    t0 = time.monotonic()
    pid, fd = spawn()
    read_until(fd, b"paused")
    times.append(time.monotonic() - t0)
    quit(pid, fd)
print(f"launch to first frame: median {statistics.median(times) * 1000:.1f} ms, "
      f"min {min(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms over {launches} launches")

pid, fd = spawn()
read_until(fd, b"paused")
time.sleep(0.5)
before = cpu_ticks(pid)
time.sleep(5)
after = cpu_ticks(pid)
hz = os.sysconf("SC_CLK_TCK")
print(f"CPU while paused: {(after - before) / hz * 1000:.0f} ms of CPU in 5 s "
      f"({(after - before) / hz / 5 * 100:.2f} %)")
quit(pid, fd)
