// Wires the demo buttons to Milana(...) commands. They work before milana.js has loaded too:
// the stub queues them and the bundle replays them in order.
(function () {
  var user = {
    userId: 'demo_user_42',
    email: 'ada@example.org',
    name: 'Ada Demo',
    metadata: { plan: 'free', signedUpVia: 'example' },
  };
  var commands = {
    'sign-in': ['identify', user],
    'upgrade-plan': ['updateUser', { userId: user.userId, metadata: { plan: 'team' } }],
    'set-context': ['updateSession', { metadata: { flow: 'onboarding', step: 'billing' } }],
    'track-event': ['trackEvent', 'report.exported', { format: 'csv', rows: 120 }],
    'sign-out': ['stopRecording'],
  };
  Object.keys(commands).forEach(function (testId) {
    var button = document.querySelector('[data-testid="' + testId + '"]');
    button.addEventListener('click', function () {
      var command = commands[testId];
      // Script-tag commands return nothing; results are visible in the inspector.
      window.Milana.apply(null, command);
      document.querySelector('[data-testid="last-result"]').textContent = command[0] + ': sent';
    });
  });
})();
