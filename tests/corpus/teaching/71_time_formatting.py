"""time.strftime, localtime, gmtime and ctime (the date itself differs on every run)."""
import time

now = time.time()
lt = time.localtime(now)
print(type(lt).__name__, len(tuple(lt)))
print(lt.tm_year >= 2024, 1 <= lt.tm_mon <= 12, 0 <= lt.tm_wday <= 6)
print(time.strftime("%Y-%m-%d %H:%M:%S", lt))
print(time.strftime("%d/%m/%y %I:%M", time.gmtime(now)))
print(len(time.ctime(now)), time.ctime(now)[-4:] == str(lt.tm_year))
print(time.asctime(time.gmtime(0)))
print(time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(86400 * 365)))
print(time.strftime("%A %B %j %%", time.gmtime(1_000_000_000)))
print(time.gmtime(0).tm_year, time.gmtime(1_000_000_000)[:6])
start = time.monotonic()
time.sleep(0.25)
print(f"slept {time.monotonic() - start:.2f} s, perf {time.perf_counter() > 0}")
