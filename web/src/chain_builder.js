// The builder's state: the chain being edited, and what the server said of
// it. Every edit is validated again shortly after (so Run is enabled only
// for a chain known to be valid); opening or closing a phase is not an
// edit and keeps the findings.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from './api.js';
import { navigate } from './router.js';
import { chainFrom, findingsByPhase, movePhase, newPhase, phasesFromChain } from './chain_draft.js';

const VALIDATE_AFTER_MS = 400;
const NO_FINDINGS = { byKey: {}, general: [] };

export function useBuilder(typesByName) {
  const [name, setName] = useState('');
  const [phases, setPhases] = useState([]);
  const [findings, setFindings] = useState(NO_FINDINGS);
  const [validity, setValidity] = useState(null);
  const [busy, setBusy] = useState(false);
  const [edits, setEdits] = useState(0);
  const latest = useRef(0);
  const edit = (next) => {
    setPhases(next);
    setValidity(null);
    setEdits((count) => count + 1);
  };
  // null when a phase's values are not params yet (its findings say why).
  const build = () => {
    const { chain, problems } = chainFrom(name, phases, typesByName);
    if (!Object.keys(problems).length) return chain;
    setFindings({ byKey: problems, general: [] });
    setValidity(false);
    return null;
  };
  const report = (answer) => {
    setFindings(findingsByPhase(answer, phases, typesByName));
    setValidity(Boolean(answer.valid));
  };
  const send = async (work) => {
    const chain = build();
    if (!chain) return;
    const mine = ++latest.current;
    setBusy(true);
    try {
      await work(chain, mine);
    } catch (error) {
      if (mine !== latest.current) return;
      if (error.details?.errors) report({ ...error.details, valid: false });
      else setFindings({ byKey: {}, general: [{ kind: 'error', message: error.message }] });
    } finally {
      setBusy(false);
    }
  };
  const validate = () => send(async (chain, mine) => {
    const answer = await api.post('/api/chains/validate', chain);
    if (mine === latest.current) report(answer);
  });
  useEffect(() => {
    if (!phases.length) return setFindings(NO_FINDINGS);
    const timer = setTimeout(validate, VALIDATE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [edits, name]);
  const setPhase = (index, phase) => {
    const old = phases[index];
    const onlyOpened = Object.keys(phase).every((field) => field === 'open' || phase[field] === old[field]);
    const next = phases.map((current, at) => (at === index ? phase : current));
    return onlyOpened ? setPhases(next) : edit(next);
  };
  return {
    name, setName, phases, findings, validity, busy, build, validate,
    add: (type) => edit([...phases, newPhase(type)]),
    change: setPhase,
    open: (key) => setPhases(phases.map((phase) => (phase.key === key ? { ...phase, open: true } : phase))),
    move: (from, to) => edit(movePhase(phases, from, to)),
    remove: (index) => edit(phases.filter((_, at) => at !== index)),
    load: (chain, templateName) => {
      setName(chain.name ?? templateName);
      edit(phasesFromChain(chain, typesByName));
    },
    run: () => send(async (chain) => navigate(`/jobs/${(await api.post('/api/chains', chain)).id}`)),
  };
}
