from redflags.cli import main

raise SystemExit(main())
