'use strict';

module.exports = {
  ...require('./emulator'),
  ...require('./webhooks'),
  ...require('./form'),
  ...require('./cards'),
};
