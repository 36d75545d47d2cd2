"""`python -m mock_interview` runs the same CLI as the `mock-interview` script."""

from mock_interview.cli import main

raise SystemExit(main())
