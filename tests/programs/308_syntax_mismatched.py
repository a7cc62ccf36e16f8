# A bracket closed by the wrong kind on another line.
values = [1, 2,
          3)
