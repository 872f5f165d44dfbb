/* lab-catalogue.h — the table meson generates from the catalogue.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-scenario.h"

G_BEGIN_DECLS

extern const LabScenario * const lab_catalogue[];
extern const guint               lab_catalogue_length;

G_END_DECLS
