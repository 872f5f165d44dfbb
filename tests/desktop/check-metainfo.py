#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The desktop file, the metainfo and the icons agree with each other and
with the project.

usage: check-metainfo.py APP_ID VERSION DESKTOP_FILE METAINFO_FILE SOURCE_ROOT

Checks (TAP), on the built files: one application id everywhere (metainfo
id, launchable, desktop file's Icon, the icons' file names); the newest
release in the metainfo is the project's version; every screenshot's file
is in assets/screenshots/ with the width and height the metainfo gives.
"""
import configparser
import os
import struct
import sys
import xml.etree.ElementTree as ET

app_id, version, desktop_path, metainfo_path, source_root = sys.argv[1:6]
results = []


def check(ok, name, detail=''):
    results.append((ok, name, detail))


desktop = configparser.RawConfigParser(interpolation=None, strict=False)
desktop.optionxform = str
desktop.read(desktop_path, encoding='utf-8')
entry = desktop['Desktop Entry']
check(entry.get('Icon') == app_id, 'desktop file: Icon is the application id', entry.get('Icon'))
check(entry.get('Exec', '').split()[0] == 'tasklab', 'desktop file: Exec runs tasklab from PATH',
      entry.get('Exec'))

component = ET.parse(metainfo_path).getroot()
check(component.findtext('id') == app_id, 'metainfo: id is the application id',
      component.findtext('id'))
launchable = component.find("launchable[@type='desktop-id']")
check(launchable is not None and launchable.text == app_id + '.desktop',
      'metainfo: launchable is the desktop file')
check(component.findtext('provides/binary') == 'tasklab', 'metainfo: provides the tasklab binary')
releases = component.findall('releases/release')
newest = releases[0].get('version') if releases else None
check(newest == version, 'metainfo: the newest release is the project version (%s)' % version,
      'newest release: %s' % newest)

for suffix in ('.svg', '-symbolic.svg'):
    path = os.path.join(source_root, 'assets', 'icons', app_id + suffix)
    check(os.path.isfile(path), 'icon %s%s exists' % (app_id, suffix))

screenshots = component.findall('screenshots/screenshot/image')
check(len(screenshots) >= 1, 'metainfo: at least one screenshot')
for image in screenshots:
    name = image.text.strip().rsplit('/', 1)[-1]
    path = os.path.join(source_root, 'assets', 'screenshots', name)
    if not os.path.isfile(path):
        check(False, 'screenshot %s is in assets/screenshots/' % name)
        continue
    with open(path, 'rb') as f:
        header = f.read(24)
    width, height = struct.unpack('>II', header[16:24])
    check(header[:8] == b'\x89PNG\r\n\x1a\n' and
          (str(width), str(height)) == (image.get('width'), image.get('height')),
          'screenshot %s is a %sx%s PNG' % (name, image.get('width'), image.get('height')),
          'the file is %dx%d' % (width, height))

print('1..%d' % len(results))
for number, (ok, name, detail) in enumerate(results, 1):
    print('%s %d - %s' % ('ok' if ok else 'not ok', number, name))
    if detail and not ok:
        print('# ' + str(detail))
sys.exit(0 if all(ok for ok, _, _ in results) else 1)
