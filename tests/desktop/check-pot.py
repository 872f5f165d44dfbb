#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The translation template: xgettext finds the marked strings.

usage: check-pot.py XGETTEXT SOURCE_ROOT TASKLAB

Runs xgettext over po/POTFILES.in as `meson compile tasklab-pot` does (the
same keywords, glib's preset), into a temporary folder so the source tree
is left alone, then checks (TAP):
  - every file that marks strings is listed in POTFILES.in, and every listed
    file exists;
  - the template is not empty and has every scenario title (from
    `tasklab --list`), the window's and the shortcuts' texts and the
    option descriptions;
  - no message spans lines: the C# and C code panels are not translated.
"""
import os
import re
import subprocess
import sys
import tempfile

xgettext, source_root, tasklab = sys.argv[1:4]
results = []


def check(ok, name, detail=''):
    results.append((ok, name, detail))


def unquote(literal):
    escapes = {'n': '\n', 't': '\t', '"': '"', '\\': '\\'}
    return re.sub(r'\\(.)', lambda m: escapes.get(m.group(1), m.group(1)), literal)


def read_msgids(path):
    """The msgids of a .po/.pot file (without the header's empty one)."""
    msgids, current, in_msgid = [], None, False
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if line.startswith('msgid '):
                current, in_msgid = unquote(line[len('msgid "'):-1]), True
            elif line.startswith('"') and in_msgid:
                current += unquote(line[1:-1])
            else:
                if in_msgid and current:
                    msgids.append(current)
                in_msgid = False
    return msgids


potfiles_path = os.path.join(source_root, 'po', 'POTFILES.in')
with open(potfiles_path, encoding='utf-8') as f:
    listed = [l.strip() for l in f if l.strip() and not l.startswith('#')]

# POTFILES.in against the tree
marks = re.compile(r'\b(?:N?_|C_|NC_)\s*\(\s*"|translatable="yes"')
marking = []
for folder in ('app', 'ui', 'lab', 'assets'):
    for directory, _, names in os.walk(os.path.join(source_root, folder)):
        for name in names:
            if not name.endswith(('.c', '.ui', '.in')):
                continue
            path = os.path.join(directory, name)
            relative = os.path.relpath(path, source_root)
            if name.endswith(('.desktop.in', '.metainfo.xml.in')):
                marking.append(relative)   # desktop file and metainfo: all translatable
                continue
            with open(path, encoding='utf-8') as f:
                if marks.search(f.read()):
                    marking.append(relative)
unlisted = sorted(set(marking) - set(listed))
missing = sorted(p for p in listed if not os.path.exists(os.path.join(source_root, p)))
check(not unlisted, 'every file with marked strings is in po/POTFILES.in', ', '.join(unlisted))
check(not missing, 'every file in po/POTFILES.in exists', ', '.join(missing))

with tempfile.TemporaryDirectory() as tmp:
    pot = os.path.join(tmp, 'tasklab.pot')
    # meson's i18n module, preset 'glib' (the keywords that matter here)
    command = [xgettext, '--package-name=tasklab', '--directory=' + source_root,
               '--files-from=' + potfiles_path, '--output=' + pot,
               '--from-code=UTF-8', '--add-comments', '--keyword=_', '--keyword=N_',
               '--keyword=C_:1c,2', '--keyword=NC_:1c,2', '--keyword=g_dcgettext:2',
               '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3']
    run = subprocess.run(command, capture_output=True, text=True)
    check(run.returncode == 0, 'xgettext runs', run.stderr.strip())
    msgids = read_msgids(pot) if os.path.exists(pot) else []

check(len(msgids) > 50, 'the template is not empty', '%d messages' % len(msgids))

env = dict(os.environ, LC_ALL='C.UTF-8')
env.pop('LANGUAGE', None)
listing = subprocess.run([tasklab, '--list'], capture_output=True, text=True, env=env)
titles = [line.split('\t', 1)[1] for line in listing.stdout.splitlines() if '\t' in line]
check(listing.returncode == 0 and len(titles) >= 16, 'tasklab --list gives the titles',
      '%d titles' % len(titles))
for title in titles:
    check(title in msgids, 'scenario title in the template: %s' % title)

for text in ('Run the selected scenario (F5)',          # lab-window.ui, a tooltip
             '_Open Image…',                            # lab-window.ui, the menu
             'Type here to feel whether the window responds',  # an accessible label
             'Run the selected scenario',               # help-overlay.ui
             'List the scenarios (ID and title) and exit',     # an option
             'See, measured live, how work reaches threads'):  # desktop file, metainfo
    check(text in msgids, 'in the template: %s' % text)

code = [m for m in msgids if '\n' in m]
check(not code, 'no message spans lines (the code panels are not translated)',
      '; '.join(m[:40] for m in code))

print('1..%d' % len(results))
for number, (ok, name, detail) in enumerate(results, 1):
    print('%s %d - %s' % ('ok' if ok else 'not ok', number, name))
    if detail and not ok:
        print('# ' + detail.replace('\n', '\n# '))
sys.exit(0 if all(ok for ok, _, _ in results) else 1)
