import { describe, expect, test } from 'vitest'
import { parseStepName } from '../src/model/step-name.js'

// Names as real engines print them (taken from the captured logs under test/fixtures and
// from BUILDKIT-FORMATS.md).
describe('parseStepName', () => {
  test.each([
    ['[base 2/4] WORKDIR /app', { platform: '', stage: 'base', index: 2, count: 4, instruction: 'WORKDIR', text: 'WORKDIR /app' }],
    [
      '[build  2/10] RUN sleep 0.3 && echo "step 4"',
      { platform: '', stage: 'build', index: 2, count: 10, instruction: 'RUN', text: 'RUN sleep 0.3 && echo "step 4"' }
    ],
    [
      '[build 10/10] RUN sleep 0.3 && ls -la /app/dist',
      { platform: '', stage: 'build', index: 10, count: 10, instruction: 'RUN', text: 'RUN sleep 0.3 && ls -la /app/dist' }
    ],
    ['[2/3] COPY a.txt /a.txt', { platform: '', stage: 'stage-0', index: 2, count: 3, instruction: 'COPY', text: 'COPY a.txt /a.txt' }],
    ['[stage-2 2/2] RUN cat /gen.txt', { platform: '', stage: 'stage-2', index: 2, count: 2, instruction: 'RUN', text: 'RUN cat /gen.txt' }],
    [
      '[linux/arm64 base 1/3] COPY busybox/arm64/busybox /bin/busybox',
      { platform: 'linux/arm64', stage: 'base', index: 1, count: 3, instruction: 'COPY', text: 'COPY busybox/arm64/busybox /bin/busybox' }
    ],
    ['[linux/amd64->arm64 gen 2/2] RUN make', { platform: 'linux/amd64->arm64', stage: 'gen', index: 2, count: 2, instruction: 'RUN', text: 'RUN make' }],
    ['[linux/arm/v7 1/2] RUN true', { platform: 'linux/arm/v7', stage: 'stage-0', index: 1, count: 2, instruction: 'RUN', text: 'RUN true' }],
    [
      '[base 1/4] FROM docker.io/buildkit-test/busybox:latest',
      { platform: '', stage: 'base', index: 1, count: 4, instruction: 'FROM', text: 'FROM docker.io/buildkit-test/busybox:latest' }
    ]
  ])('%s', (name, want) => {
    expect(parseStepName(name)).toEqual(want)
  })

  test.each([
    '[internal] load build definition from Dockerfile',
    '[internal] load build context',
    '[auth] library/node:pull token for registry-1.docker.io',
    'exporting to image',
    'importing cache manifest from gha:123',
    'resolve image config for docker-image://docker.io/docker/dockerfile:1',
    'FROM docker.io/library/composer:2@sha256:abc',
    '[internal] load metadata for docker.io/buildkit-test/busybox:latest'
  ])('%s is not a step', (name) => {
    expect(parseStepName(name)).toBeUndefined()
  })
})
