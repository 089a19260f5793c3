def handlers(a):
    try:
        x = g(a)
    except ValueError as e:
        x = None
    except (TypeError, KeyError):
        pass
    else:
        x += 1
    finally:
        print("done")
    with open(a) as fh, lock:
        data = fh.read()
    for i in a:
        try:
            if i:
                break
        finally:
            continue
    try:
        return 1
    finally:
        cleanup()
    return x if a else data
