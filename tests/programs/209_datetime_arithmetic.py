# datetime, date, time, timedelta and timezone.utc: arithmetic, formatting, reprs.
import datetime, sys
from datetime import timedelta, date, timezone
print(sys.version_info, sys.version_info.major, sys.version_info >= (3, 8), sys.version_info[:2])
d = datetime.datetime(2024, 3, 5, 14, 7, 9, 120)
print(d, repr(d), d.isoformat(), d.strftime("%Y-%m-%d %H:%M:%S.%f %a %b %j"), d.year, d.microsecond)
print(d + timedelta(days=30, hours=12), d - datetime.datetime(2024, 1, 1), repr(d - datetime.datetime(2024, 1, 1)))
td = timedelta(hours=25, minutes=3, seconds=4.5)
print(td, repr(td), td.total_seconds(), -td, repr(-td), td * 2, td / 2, td / timedelta(hours=1), td // timedelta(hours=1))
print(timedelta(0), repr(timedelta(0)), timedelta(milliseconds=1500), timedelta(weeks=1) > timedelta(days=6))
print(date(2024, 2, 29), date(2024, 2, 29) + timedelta(days=1), date(2024,3,1) - date(2024,1,1), date(2024,3,1).weekday(), repr(date(2024,3,1)))
print(datetime.time(12, 30), repr(datetime.time(12, 30, 0, 5)), datetime.time(9, 5).strftime("%I:%M %p"))
print(datetime.datetime(2024,1,1,tzinfo=timezone.utc), repr(datetime.datetime(2024,1,1,tzinfo=timezone.utc)))
print(datetime.datetime.fromtimestamp(0), datetime.datetime.fromtimestamp(1e9).isoformat())
print(datetime.datetime(2024,1,1) < datetime.datetime(2024,1,2), datetime.datetime(2024,1,1) == datetime.datetime(2024,1,1))
print(f"{d:%H:%M}", "{:%Y}".format(d), d.date(), d.time(), d.replace(year=2020), d.timestamp())
print(timezone(timedelta(hours=2)), datetime.datetime(2024,1,1,12,tzinfo=timezone(timedelta(hours=-5))).isoformat())
print(sorted([date(2024,5,1), date(2023,1,1)]), d.weekday(), d.isoweekday(), d.ctime())
try: date(2023, 2, 29)
except ValueError as e: print(e)
print(datetime.datetime(2024,1,1,tzinfo=timezone.utc).astimezone(timezone(timedelta(hours=1))))
print(datetime.datetime.fromisoformat("2024-05-06T07:08:09.5"), date.fromisoformat("2024-05-06"))
print(type(datetime.datetime.now()).__name__, datetime.datetime.now().year >= 2024, datetime.date.today().year >= 2024)
# strptime: parsing log stamps back into datetimes.
logs = ["2024-01-01 10:00:00,120 INFO start", "2024-01-01 10:00:02,870 INFO end"]
stamps = [datetime.datetime.strptime(l[:23], "%Y-%m-%d %H:%M:%S,%f") for l in logs]
print(stamps[1] - stamps[0], (stamps[1] - stamps[0]).total_seconds(), repr(stamps[0]))
P = datetime.datetime.strptime
print(P("5 Mar 24  2:07 pm", "%d %b %y %I:%M %p"), P("Tuesday 2024 065", "%A %Y %j"),
      repr(P("2024-03-05T14:07:09+0200", "%Y-%m-%dT%H:%M:%S%z")), P("111", "%m%d"))
for text, fmt in [("2024-13-01", "%Y-%m-%d"), ("2024-01-01x", "%Y-%m-%d"), ("1", "%Q"),
                  ("2023-02-30", "%Y-%m-%d")]:
    try:
        P(text, fmt)
    except ValueError as e:
        print("ValueError:", e)
