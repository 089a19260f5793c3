def m(cmd, point):
    match cmd:
        case "quit" | "exit":
            return 0
        case ["go", direction] if direction in "nsew":
            return direction
        case ["drop", *objects]:
            return objects
        case [first, *_, last]:
            return first, last
        case {"x": x, "y": 0, **rest}:
            return x, rest
        case Point(x=0, y=yy) | Point(0, yy):
            return yy
        case int(n) as whole if n > 3:
            return whole
        case None | True:
            return None
        case -1 | 1.5 | 2+3j | point.attr:
            return 1
        case (a, b, c):
            return a
        case _:
            return cmd
    match point:
        case x:
            pass
