from companion.cli import main

# guarded: the parse helper process is spawned and imports this module as __mp_main__
if __name__ == "__main__":
    raise SystemExit(main())
