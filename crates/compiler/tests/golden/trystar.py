def f():
    try:
        work()
    except* ValueError as eg:
        handle(eg)
    except* (TypeError, KeyError):
        pass
    else:
        done()
    try:
        work()
    except* OSError:
        log()
    finally:
        cleanup()
