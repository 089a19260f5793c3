# time.struct_time with gmtime/localtime/mktime/strftime: fields and
# hidden tm_zone/tm_gmtoff, flooring of float timestamps, strftime's
# directives and range checks, conversion errors, struct_time built
# directly (local-time results are only compared with each other, so the
# time zone does not matter).
import time
g = time.gmtime(0)
print(g, g.tm_zone, g.tm_gmtoff, type(g).__name__, len(g))
print(time.gmtime(1700000000.7), time.gmtime(-1.5))
print(time.strftime("%Y-%m-%d %H:%M:%S %a %b %j %%", time.gmtime(1700000000)))
print(time.strftime("%Y", (2020, 0, 0, 0, 0, 0, 0, 0, 0)))
print(type(time.localtime()).__name__, type(time.strftime("%H")).__name__)
print(time.mktime(time.localtime(1700000000)), time.localtime(1700000000.5)[6:8] == time.localtime(1700000000)[6:8])
for bad in [(2020, 13, 1, 0, 0, 0, 0, 1, 0), (2020, 1, 1, 25, 0, 0, 0, 1, 0), (1, 2), "x"]:
    try:
        time.strftime("%Y", bad)
    except Exception as e:
        print(type(e).__name__, e)
for bad in [float("nan"), 1e300, "x"]:
    try:
        time.gmtime(bad)
    except Exception as e:
        print(type(e).__name__, e)
print(time.struct_time((1,2,3,4,5,6,7,8,9)))
l = time.localtime(1700000000)
print(time.strftime("%Y", l) == "2023", l.tm_gmtoff == -time.mktime(time.gmtime(0)) or True)
print(time.struct_time((2000, 1, 1, 0, 0, 0, 5, 1, 0)).tm_year, time.struct_time.n_sequence_fields, time.struct_time.n_fields)
try:
    time.struct_time((1, 2))
except TypeError as e:
    print("TypeError", e)
