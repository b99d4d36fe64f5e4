import { Button } from "@/components/ui/button";

export function SignOutButton({ action, label }: { action: () => Promise<void>; label: string }) {
  return (
    <form action={action}>
      <Button variant="secondary" type="submit">
        {label}
      </Button>
    </form>
  );
}
