// Before the stories: the three inputs, put into the sandbox the
// way another tool would (`PUT /v2/accounts/{id}/callflows`). The stories
// of both projects (JavaScript on and off) read them; the console learns
// of them at sign-in, when it reads the account's routing.
import { test as setup } from '@playwright/test';
import { Kazoo } from './kazoo';

/** The three callflows, exactly as the issue gives them. */
const INPUTS = [
  {
    name: 'Overflow block',
    patterns: ['^\\+1415555012[0-4]$'],
    flow: {
      module: 'pivot',
      data: { voice_url: 'https://overflow.example.com/twiml', method: 'post', req_format: 'twiml' },
      children: {},
    },
  },
  {
    name: 'IVR moved',
    numbers: ['+14155550107'],
    flow: {
      module: 'pivot',
      data: { voice_url: 'https://old-ivr.example.com/voice', method: 'post', req_format: 'twiml', skip_module: true },
      children: {
        _: {
          module: 'pivot',
          data: { voice_url: 'https://new-ivr.example.com/voice', method: 'post', req_format: 'twiml' },
          children: {},
        },
      },
    },
  },
  {
    name: 'Made elsewhere',
    numbers: ['+14155550106'],
    flow: {
      module: 'pivot',
      data: { method: 'get', req_timeout: '5', req_format: 'twiml', voice_url: 'https://legacy.example.com/twiml.php' },
      children: {},
    },
    ui_metadata: { ui: 'monster-ui', origin: 'callflows' },
  },
];

setup('the issue’s three inputs are in the sandbox', async () => {
  const kazoo = await Kazoo.signIn();
  for (const doc of INPUTS) {
    if (!(await kazoo.findCallflow(doc.name))) await kazoo.putCallflow(doc);
  }
});
