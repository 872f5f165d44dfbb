#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""--help and the man page list the same options, one line each in --help.

usage: check-help.py TASKLAB MAN_PAGE VERSION

Checks (TAP):
  - every option line of --help and --help-all is one line: the option, its
    argument, its description;
  - --help lists every option of --help-all but GApplication's own (which
    it points to with --help-gapplication);
  - the man page's OPTIONS section lists exactly the options of
    --help-all, and each option there appears in --help-all;
  - each option of the man page's HIDDEN OPTIONS is accepted by tasklab
    but shown by no --help;
  - the man page's title line carries the project version.
"""
import os
import re
import subprocess
import sys

tasklab, man_page, version = sys.argv[1:4]
results = []


def check(ok, name, detail=''):
    results.append((ok, name, detail))


env = dict(os.environ, LC_ALL='C.UTF-8')
env.pop('LANGUAGE', None)


def run(*args):
    return subprocess.run([tasklab, *args], capture_output=True, text=True, env=env)


OPTION_LINE = re.compile(r'^  (?:-(\w), )?--([\w-]+)(?:=\S+)?\s{2,}(\S.*)$')


def help_options(flag):
    """{name: description} of the option sections of `tasklab FLAG`, and the
    lines in them that are not one option each."""
    output = run(flag)
    options, stray, in_section = {}, [], False
    for line in output.stdout.splitlines():
        if line and not line.startswith(' '):   # a heading
            in_section = line.startswith(('Help Options', 'Application Options',
                                          'GApplication options'))
            continue
        if not in_section or not line.strip():
            continue
        m = OPTION_LINE.match(line)
        if m is None:
            stray.append(line)
            continue
        if m.group(1):
            options['-' + m.group(1)] = m.group(3)
        options['--' + m.group(2)] = m.group(3)
    return output.returncode, options, stray


status, short_help, stray = help_options('--help')
check(status == 0 and len(short_help) > 10, 'tasklab --help lists options',
      '%d options, status %d' % (len(short_help), status))
check(not stray, '--help: one line for each option', '\n'.join(stray))
status, all_help, stray = help_options('--help-all')
check(status == 0 and len(all_help) > len(short_help) - 1, 'tasklab --help-all lists options')
check(not stray, '--help-all: one line for each option', '\n'.join(stray))

gapplication = {name for name in all_help if name.startswith('--gapplication')}
missing = sorted(set(all_help) - set(short_help) - gapplication)
check(not missing, '--help lists every option but GApplication\'s own', ', '.join(missing))

# the man page: options are the tags (the line after .TP) of two sections
with open(man_page, encoding='utf-8') as f:
    man = f.read()
sections, current, after_tp = {}, None, False
for line in man.splitlines():
    if line.startswith('.SH '):
        current = line[4:].strip().strip('"')
        sections.setdefault(current, set())
        continue
    if line.startswith('.TP'):
        after_tp = True
        continue
    if after_tp and current is not None:
        tag = line.replace('\\-', '-')
        for name in re.findall(r'(?<![\w-])(--[a-z][\w-]*|-[a-z])\b', tag):
            sections[current].add(name)
    after_tp = False

listed = sections.get('OPTIONS', set())
check(listed == set(all_help), 'the man page\'s OPTIONS are --help-all\'s options',
      'only in the man page: %s; only in --help-all: %s' % (
          ', '.join(sorted(listed - set(all_help))), ', '.join(sorted(set(all_help) - listed))))

hidden = sections.get('HIDDEN OPTIONS', set())
for name in sorted(hidden):
    shown = name in all_help
    # an unknown option fails before --help is reached; a known one does not
    accepted = run(name, '--help').returncode == 0
    check(accepted and not shown, 'hidden option %s: accepted, not in --help-all' % name,
          'accepted: %s, shown: %s' % (accepted, shown))
check(run('--no-such-option', '--help').returncode != 0, 'an unknown option is refused')

title = next((l for l in man.splitlines() if l.startswith('.TH ')), '')
check(('TaskLab ' + version) in title, 'the man page is for TaskLab %s' % version, title)

print('1..%d' % len(results))
for number, (ok, name, detail) in enumerate(results, 1):
    print('%s %d - %s' % ('ok' if ok else 'not ok', number, name))
    if detail and not ok:
        print('# ' + detail.replace('\n', '\n# '))
sys.exit(0 if all(ok for ok, _, _ in results) else 1)
