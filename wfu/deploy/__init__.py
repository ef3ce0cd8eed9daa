"""Publishing a finished build: to a server over SSH/rsync or to S3-compatible object storage.

``targets`` reads and checks the ``DEPLOY`` setting (publishconf.py),
``manifest`` describes a built folder (hashes, kinds, headers, upload order)
without touching the network, ``server`` and ``s3`` talk to the two kinds of
target, ``baidu`` submits new URLs, ``cli`` is ``python -m wfu.deploy``.
None of them imports Pelican.
"""
