#!/usr/bin/env python3
# Lab end-to-end test: Python ftplib as a passive-mode FTP client (PASV, or EPSV via the af trick).
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the pasvports developers
# Usage: ftplib_client.py PORT pasv|epsv list|get OUTFILE   (debug output on stdout; exit 0 = ok)
import ftplib
import socket
import sys


def main():
    port, mode, action, outfile = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    ftp = ftplib.FTP(timeout=10)
    ftp.set_debuglevel(1)   # prints "*resp* '227 ...'" lines that e2e.sh parses
    try:
        ftp.connect('127.0.0.1', port)
        ftp.login()
        if mode == 'epsv':
            # ftplib sends EPSV instead of PASV when the address family is not AF_INET; the
            # data connection still goes to the control connection's (IPv4) peer address.
            ftp.af = socket.AF_INET6
        with open(outfile, 'wb') as out:
            if action == 'list':
                ftp.retrlines('LIST', lambda line: out.write((line + '\n').encode()))
            else:
                ftp.retrbinary('RETR hello.txt', out.write)
        ftp.quit()
    except (ftplib.Error, OSError) as e:
        print('FTPLIB-ERROR: %s' % e)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
